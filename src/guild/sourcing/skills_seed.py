"""The seed taxonomy of digital-sector skills (French), with synonyms used by the search.

Each entry: (name, synonyms, [children as (name, synonyms)]). Staff edit it afterwards.
"""

from __future__ import annotations

TAXONOMY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Développement web et mobile",
        "développeur, dev, application, site internet, logiciel",
        [
            ("Django", "python web, framework django"),
            ("Python", "python3, py"),
            ("PHP", "symfony, laravel"),
            ("Symfony", "php symfony"),
            ("JavaScript", "js, ecmascript, typescript, node, nodejs"),
            ("React", "reactjs, react.js, next.js"),
            ("Vue.js", "vue, vuejs, nuxt"),
            ("Angular", "angularjs"),
            ("Java", "spring, jee, jakarta"),
            (".NET", "c#, dotnet, asp.net"),
            ("Applications mobiles iOS", "swift, iphone, ipad"),
            ("Applications mobiles Android", "kotlin, android"),
            ("Flutter", "dart, multiplateforme"),
            ("WordPress", "cms wordpress, woocommerce"),
            ("Accessibilité numérique (RGAA)", "a11y, wcag, rgaa, accessibilité"),
        ],
    ),
    (
        "Data et intelligence artificielle",
        "données, data science, ia, ai, big data",
        [
            ("PostgreSQL", "postgres, sql, base de données"),
            ("Business intelligence", "bi, tableaux de bord, power bi, reporting"),
            ("Apprentissage automatique", "machine learning, ml, scikit-learn, modèle prédictif"),
            ("IA générative", "llm, chatgpt, rag, gpt, modèles de langage"),
            ("Ingénierie des données", "data engineering, etl, pipeline, airflow, dbt"),
            ("Traitement du langage naturel", "nlp, tal, analyse de texte"),
        ],
    ),
    (
        "Cybersécurité",
        "sécurité informatique, sécurité des si, ssi",
        [
            ("Tests d'intrusion", "pentest, audit de sécurité, red team"),
            ("RGPD", "protection des données, dpo, données personnelles, cnil, gdpr"),
            ("ISO 27001", "smsi, iso27001, certification sécurité"),
            ("Sécurité des réseaux", "pare-feu, firewall, vpn"),
            ("Sensibilisation à la cybersécurité", "phishing, hameçonnage, formation sécurité"),
        ],
    ),
    (
        "Cloud et DevOps",
        "infogérance cloud, devops, sre, hébergement",
        [
            ("Kubernetes", "k8s, conteneurs, orchestration"),
            ("Docker", "conteneur, container"),
            ("AWS", "amazon web services"),
            ("Microsoft Azure", "azure"),
            ("OVHcloud", "ovh, cloud souverain"),
            ("Intégration continue", "ci/cd, gitlab ci, github actions, jenkins"),
            ("Linux", "administration linux, debian, ubuntu, sysadmin"),
            ("Terraform", "infrastructure as code, iac, ansible"),
        ],
    ),
    (
        "Design UX/UI",
        "ergonomie, expérience utilisateur, interface, design",
        [
            ("Recherche utilisateur", "ux research, tests utilisateurs, entretiens"),
            ("Design d'interface", "ui, maquettes, figma, prototypage"),
            ("Design system", "charte graphique, composants"),
        ],
    ),
    (
        "Conseil en systèmes d'information",
        "conseil informatique, amoa, moa, consultant",
        [
            ("Transformation numérique", "digitalisation, transition numérique"),
            ("Gestion de projet", "chef de projet, agile, scrum, pmo"),
            ("Schéma directeur", "urbanisation si, architecture d'entreprise"),
            ("Numérique responsable", "green it, sobriété numérique, écoconception"),
        ],
    ),
    (
        "ERP et CRM",
        "progiciel, erp, crm, gestion intégrée",
        [
            ("Odoo", "openerp"),
            ("SAP", "sap s/4hana"),
            ("Salesforce", "crm salesforce"),
            ("Dolibarr", "erp libre"),
            ("Sage", "comptabilité sage"),
        ],
    ),
    (
        "Infogérance et services managés",
        "msp, maintenance informatique, support",
        [
            ("Support utilisateurs", "helpdesk, hotline, assistance"),
            ("Maintenance de parc informatique", "parc, postes de travail, tma"),
            ("Sauvegarde et PRA", "backup, plan de reprise, continuité"),
            ("Microsoft 365", "office 365, teams, sharepoint"),
        ],
    ),
    (
        "Réseaux et télécoms",
        "réseau, télécommunications, téléphonie",
        [
            ("Fibre optique", "ftth, raccordement"),
            ("Téléphonie IP", "voip, toip, standard téléphonique"),
            ("Wi-Fi", "wifi, réseau sans fil"),
            ("Objets connectés", "iot, internet des objets, lora, capteurs"),
        ],
    ),
    (
        "E-commerce",
        "commerce en ligne, boutique en ligne, vente en ligne",
        [
            ("PrestaShop", "presta"),
            ("Shopify", "boutique shopify"),
            ("Marketplace", "place de marché"),
            ("Paiement en ligne", "stripe, paypal, monétique"),
        ],
    ),
    (
        "Marketing digital",
        "marketing numérique, webmarketing, communication digitale",
        [
            ("Référencement naturel", "seo, référencement"),
            ("Publicité en ligne", "sea, google ads, adwords"),
            ("Réseaux sociaux", "community management, social media, linkedin"),
            ("Emailing", "newsletter, e-mailing, marketing automation"),
            ("Analyse d'audience", "google analytics, matomo, web analytics"),
        ],
    ),
    (
        "Formation",
        "formation professionnelle, qualiopi, apprentissage",
        [
            ("Formation au développement", "bootcamp, formation développeur"),
            ("Formation bureautique", "excel, word, pack office"),
            ("Formation cybersécurité", "formation sécurité informatique"),
        ],
    ),
]


def seed(skill_model) -> None:
    """Create the taxonomy with ``skill_model`` (the real model or a migration's historical
    one); existing skills (matched by slug) are left as staff edited them."""
    from django.utils.text import slugify

    for position, (name, synonyms, children) in enumerate(TAXONOMY):
        parent, _created = skill_model.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "synonyms": synonyms, "position": position}
        )
        for child_position, (child, child_synonyms) in enumerate(children):
            skill_model.objects.get_or_create(
                slug=slugify(child) or slugify(child_synonyms.split(",")[0]),
                defaults={
                    "name": child,
                    "synonyms": child_synonyms,
                    "parent": parent,
                    "position": child_position,
                },
            )
