from django import forms
from django.utils.translation import gettext_lazy as _

from .exceptions import PackageError, TooLarge
from .package import DEFAULT_LIMITS, read_package
from .uploads import learner_message


class UploadForm(forms.Form):
    """An Anki package; it is read here once, so a refused file is never stored."""

    package = forms.FileField(
        label=_("Your Anki file (.apkg or .colpkg)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".apkg,.colpkg"}),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        try:
            if upload.size > DEFAULT_LIMITS.upload_bytes:
                raise TooLarge()
            read_package(upload)
        except PackageError as error:
            raise forms.ValidationError(
                learner_message(error), code=type(error).__name__
            ) from error
        upload.seek(0)
        return upload
