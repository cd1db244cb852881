from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "welcomehub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        from welcomehub.core import audit_signals  # noqa: F401  (connects auth signals)

        # Django knows Persian (fa) but not Dari as spoken and written in Afghanistan.
        LANG_INFO.setdefault(
            "fa-af", {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"}
        )
