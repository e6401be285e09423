from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import PackageError, TooLarge
from .package import check_package
from .uploads import check_allowance, learner_message


class UploadForm(forms.Form):
    """An Anki package, checked here as far as it can be without inflating it (the
    worker inflates it once), so a file refused here is never stored."""

    package = forms.FileField(
        label=_("Your Anki file (.apkg or .colpkg)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".apkg,.colpkg"}),
    )

    def __init__(self, *args, learner, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.learner, self.too_large = learner, too_large
        # A file past the limit was dropped while it arrived: say so, not "required".
        self.fields["package"].required = not too_large

    def clean_package(self):
        upload = self.cleaned_data["package"]
        try:
            if self.too_large:
                raise TooLarge()
            check_allowance(learner=self.learner, now=timezone.now())
            check_package(upload)
        except PackageError as error:
            raise forms.ValidationError(
                learner_message(error), code=type(error).__name__
            ) from error
        upload.seek(0)
        return upload
