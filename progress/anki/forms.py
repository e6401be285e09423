from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import PackageError, TooLarge
from .package import DEFAULT_LIMITS, read_package
from .uploads import check_allowance, learner_message


class UploadForm(forms.Form):
    """An Anki package; it is read here once, so a refused file is never stored."""

    package = forms.FileField(
        label=_("Your Anki file (.apkg or .colpkg)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".apkg,.colpkg"}),
    )

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        self.learner = learner

    def clean_package(self):
        upload = self.cleaned_data["package"]
        try:
            check_allowance(learner=self.learner, now=timezone.now())
            if upload.size > DEFAULT_LIMITS.upload_bytes:
                raise TooLarge()
            read_package(upload)
        except PackageError as error:
            raise forms.ValidationError(
                learner_message(error), code=type(error).__name__
            ) from error
        upload.seek(0)
        return upload
