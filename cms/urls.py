from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from lessons.audio.views import spoken_audio, spoken_file

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Images are sent by Saebom from storage (`{% image_url %}`), never from the bucket.
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(action="serve"),
        name="wagtailimages_serve",
    ),
    path("accounts/", include("allauth.urls")),
    path("learn/anki/", include("progress.anki.urls")),
    path("speech/", spoken_audio, name="spoken_audio"),
    path("speech/files/<str:name>", spoken_file, name="spoken_file"),
    path("learn/privacy/", include("cms.privacy_urls")),
    path("learn/", include("accounts.urls")),
    path("learn/", include("progress.urls")),
    path("learn/", include("lessons.urls")),
    path("hub/", include("hub.urls")),
    path("", include("courses.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [path(f"{media}voice-recordings/<path:name>", views.unlisted_media)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
