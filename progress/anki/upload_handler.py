"""Measuring an Anki upload while it arrives.

Django writes a file upload out (to memory, then to a temporary file) before any
view sees it, so a size check in the form comes after the whole file is on disk.
CappedUploadHandler runs first among the upload handlers of the one view that
takes packages: it counts each file's bytes as they arrive and drops the file
once it passes the limit, so the handlers that keep files never receive more
than the limit. The rest of the request is read and discarded, and the form
then says the file is too large.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.refused = False
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            raise SkipFile()
        return raw_data  # on to the handlers that keep the file

    def file_complete(self, file_size):
        return None  # the file itself is kept by the next handler
