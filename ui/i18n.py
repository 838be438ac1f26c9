"""Language handling: which language the app starts in, and loading the compiled translations.

Source strings are English; Dutch (the default) comes from ``resources/translations/*_nl.qm``,
built from the ``.ts`` files by ``tools/build_translations.py``. The choice is kept in QSettings
(not in the encrypted workspace), because it is needed before the workspace is unlocked.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
ENV_LANG = "INSPECTOR_LANG"
SETTINGS_KEY = "ui/language"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

# Kept alive here: a QTranslator that is garbage collected stops translating.
_installed: list[QTranslator] = []


def normalize(lang: str | None) -> str | None:
    """'nl'/'en' from a code such as 'en_GB' or 'NL'; None when it is not a language we have."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else None


def app_settings() -> QSettings:
    """The app's own (non-secret) preferences, e.g. the UI language."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Inspector", "Inspector")


def stored_language(settings: QSettings | None = None) -> str | None:
    """The language chosen in the settings dialog, if any."""
    value = (settings or app_settings()).value(SETTINGS_KEY)
    return normalize(value) if isinstance(value, str) else None


def store_language(lang: str, settings: QSettings | None = None) -> None:
    """Remember ``lang`` for the next start."""
    code = normalize(lang)
    if code is None:
        raise ValueError(f"unsupported language: {lang!r}")
    s = settings or app_settings()
    s.setValue(SETTINGS_KEY, code)
    s.sync()


def resolve_language(cli_lang: str | None = None, settings: QSettings | None = None) -> str:
    """The start language: ``--lang`` beats ``$INSPECTOR_LANG`` beats the settings beats Dutch."""
    for candidate in (cli_lang, os.environ.get(ENV_LANG)):
        code = normalize(candidate)
        if code:
            return code
    return stored_language(settings) or DEFAULT_LANGUAGE


def qm_files(lang: str, directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Every compiled translation for ``lang`` (``app_nl.qm``, ``visit_nl.qm`` …), sorted."""
    return sorted(directory.glob(f"*_{lang}.qm"))


def install_translators(app: QCoreApplication, lang: str, directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Switch ``app`` to ``lang``: our translations plus Qt's own (standard buttons); returns what loaded.

    Also records the language on the application (``ui.errors.ui_lang`` reads it) and sets the
    default QLocale, so date and number widgets follow it.
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    loaded: list[Path] = []
    if lang != "en":
        for path in qm_files(lang, directory):
            translator = QTranslator(app)
            if translator.load(str(path)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(path)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    app.setProperty("inspector_lang", lang)
    QLocale.setDefault(QLocale("nl_NL" if lang == "nl" else "en_NL"))
    return loaded


def remove_translators(app: QCoreApplication) -> None:
    """Undo ``install_translators``: source (English) strings, the system locale, no language set."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    app.setProperty("inspector_lang", None)
    QLocale.setDefault(QLocale.system())


def language_name(lang: str) -> str:
    """The language's own name, for the settings dialog."""
    return {"nl": "Nederlands", "en": "English"}[lang]
