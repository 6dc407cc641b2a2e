/* Door scanner: camera (html5-qrcode), USB keyboard-wedge readers, search by name.
   Scans that cannot reach the server are kept on the device (localStorage) and synced with
   their nonce, so a scan never counts twice; refusals found at sync time are listed. */
(function () {
  "use strict";
  var root = document.getElementById("main");
  if (!root || !root.dataset.redeemUrl) { return; }
  var listId = root.dataset.list;
  var queueKey = "guild-checkin-queue-" + listId;
  var gateKey = "guild-checkin-gate";
  var resultBox = document.getElementById("result");
  var titleEl = document.getElementById("result-title");
  var detailEl = document.getElementById("result-detail");
  var tokenInput = document.getElementById("token");
  var gateInput = document.getElementById("gate");
  var syncing = false;
  var lastCamera = { text: "", at: 0 };

  gateInput.value = localStorage.getItem(gateKey) || "";
  gateInput.addEventListener("change", function () { localStorage.setItem(gateKey, gateInput.value); });

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(items) {
    localStorage.setItem(queueKey, JSON.stringify(items));
    document.getElementById("queue-count").textContent = String(items.length);
    document.getElementById("net-status").classList.toggle("offline", items.length > 0 || !navigator.onLine);
  }
  function show(kind, title, detail) {
    resultBox.className = "result result-" + kind;
    titleEl.textContent = title;
    detailEl.textContent = detail || "";
  }
  function describe(data) {
    var who = data.attendee ? data.attendee.name + (data.attendee.company ? " — " + data.attendee.company : "") + " · " + data.attendee.ticket_type : "";
    return [data.message, who].filter(Boolean).join(" — ");
  }
  function post(payload) {
    return fetch(root.dataset.redeemUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (data) { return { http: response.status, data: data }; });
    });
  }
  function direction() {
    return document.querySelector("input[name=direction]:checked").value;
  }
  function addConflict(item, data) {
    var section = document.getElementById("conflicts-section");
    var li = document.createElement("li");
    li.className = "list-group-item";
    li.textContent = new Date(item.scanned_at).toLocaleTimeString() + " — " + (data.message || data.reason || "") + (data.attendee ? " — " + data.attendee.name : "");
    document.getElementById("conflicts").appendChild(li);
    section.hidden = false;
  }
  function enqueue(payload) {
    payload.offline = true;
    var items = readQueue();
    items.push(payload);
    writeQueue(items);
    show("queued", "⏳", root.dataset.msgOffline);
  }
  function scan(token) {
    token = (token || "").trim();
    if (!token) { return; }
    var payload = { token: token, list: Number(listId), direction: direction(), nonce: nonce(),
                    scanned_at: new Date().toISOString(), gate: gateInput.value };
    if (!navigator.onLine) { enqueue(payload); return; }
    post(payload).then(function (res) {
      var data = res.data;
      if (res.http >= 400) { show("error", "✗", (data.error && data.error.message) || ""); return; }
      show(data.status === "ok" ? "ok" : "error", data.status === "ok" ? "✓" : "✗", describe(data));
      refreshCounters();
    }).catch(function () { enqueue(payload); });
  }
  function sync() {
    var items = readQueue();
    if (syncing || !items.length || !navigator.onLine) { return; }
    syncing = true;
    var item = items[0];
    post(item).then(function (res) {
      var rest = readQueue().filter(function (other) { return other.nonce !== item.nonce; });
      writeQueue(rest);
      if (res.http >= 400 || res.data.status !== "ok") { addConflict(item, res.http >= 400 ? (res.data.error || {}) : res.data); }
      syncing = false;
      if (rest.length) { sync(); } else { refreshCounters(); }
    }).catch(function () { syncing = false; });
  }
  function refreshCounters() {
    if (!navigator.onLine) { return; }
    fetch(root.dataset.countersUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (c) {
        document.getElementById("count-inside").textContent = c.inside;
        document.getElementById("count-checked").textContent = c.checked_in;
        document.getElementById("count-expected").textContent = c.expected;
      }).catch(function () {});
  }

  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    scan(tokenInput.value);
    tokenInput.value = "";
    tokenInput.focus();
  });

  var camera = null;
  document.getElementById("camera-toggle").addEventListener("click", function () {
    if (camera) { camera.stop().catch(function () {}); camera = null; return; }
    if (typeof Html5Qrcode === "undefined") { show("error", "✗", root.dataset.msgCameraError); return; }
    camera = new Html5Qrcode("reader");
    camera.start({ facingMode: "environment" }, { fps: 10, qrbox: 250 }, function (text) {
      var now = Date.now();
      if (text === lastCamera.text && now - lastCamera.at < 3000) { return; }
      lastCamera = { text: text, at: now };
      scan(text);
    }).catch(function () { camera = null; show("error", "✗", root.dataset.msgCameraError); });
  });

  var searchTimer = null;
  var searchInput = document.getElementById("search");
  document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); });
  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      var q = searchInput.value.trim();
      var list = document.getElementById("search-results");
      if (q.length < 2 || !navigator.onLine) { list.replaceChildren(); return; }
      fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(function (data) {
          list.replaceChildren();
          if (!data.results.length) {
            var none = document.createElement("li"); none.className = "list-group-item"; none.textContent = root.dataset.msgNone; list.appendChild(none);
          }
          data.results.forEach(function (r) {
            var li = document.createElement("li");
            li.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
            var label = document.createElement("span");
            label.textContent = r.name + (r.company ? " — " + r.company : "") + " · " + r.ticket_type + " · " + r.status;
            var button = document.createElement("button");
            button.type = "button"; button.className = "btn btn-sm btn-success"; button.textContent = root.dataset.msgAdmit;
            button.addEventListener("click", function () { scan(r.token); });
            li.appendChild(label); li.appendChild(button); list.appendChild(li);
          });
        }).catch(function () {});
    }, 250);
  });

  window.addEventListener("online", function () { writeQueue(readQueue()); sync(); });
  window.addEventListener("offline", function () { writeQueue(readQueue()); });
  writeQueue(readQueue());
  setInterval(sync, 5000);
  setInterval(refreshCounters, 5000);
  sync();
})();
