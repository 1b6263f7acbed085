"""French or English: the account's language, switched with F2 at any time.

A session speaks the language chosen with F2 at login, if it was, otherwise the account's;
one chosen at login is offered to be remembered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jhro_tui.errors import JhroError
from jhro_tui.i18n import _, current_language, language_name
from jhro_tui.ui import navigation
from jhro_tui.ui.screens.form import ConfirmScreen

if TYPE_CHECKING:
    from jhro_tui.ui.app import JhroApp


async def switch_language(app: JhroApp) -> None:
    """Français / English for this session and the next ones; the screens open now are
    built again in it (their keys, help and text are made when a screen is built)."""
    from jhro_tui.services.accounts import set_language

    session = app.session
    if session is None or app.check_action("switch_language", ()) is not True:
        return
    language = "en" if current_language() == "fr" else "fr"
    try:
        await app.call_db(set_language, session, language)
    except JhroError as exc:
        app.notify(exc.message(), severity="error", markup=False)
        return
    app.set_language(language)
    routes = navigation.open_routes(app)
    with app.hold_keys():
        while len(app.screen_stack) > 2:
            await app.pop_screen()
        await navigation.rebuild(app, routes)


def offer_to_remember_language(app: JhroApp) -> None:
    language = current_language()

    def answered(remember: bool | None) -> None:
        if remember:
            app.run_worker(_remember_language(app, language), group="language",
                           exit_on_error=False)

    app.push_screen(ConfirmScreen(_(
        "Remember {language} as the language of your account? jhro will then open in "
        "it. (F2 switches the language at any time.)").format(
            language=language_name(language))), answered)


async def _remember_language(app: JhroApp, language: str) -> None:
    from jhro_tui.services.accounts import set_language

    await app.call_db(set_language, app.require_session(), language)
    app.notify(_("{language} is remembered for your account.").format(
        language=language_name(language)), markup=False)
