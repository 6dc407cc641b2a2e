from rest_framework.pagination import PageNumberPagination

from guild.api.params import int_param


class Pagination(PageNumberPagination):
    """``?page=N&page_size=M``: 50 a page by default, 200 at most (a larger size is capped);
    a size that is not a whole number of at least 1 is a clear 400, not silently ignored."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        size = int_param(request, self.page_size_query_param, minimum=1)
        return self.page_size if size is None else min(size, self.max_page_size)
