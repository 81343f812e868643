package jp.tamaru.app.ui

import jp.tamaru.core.TamaruException

/**
 * Errors after which the screen cannot go on without a new login. The app does not decide
 * where to go next: it returns to the start destination, which asks the core
 * (`MemberApp.startScreen()`), so "signed out elsewhere" gets its explanation.
 */
fun TamaruException.endsSession(): Boolean =
    this is TamaruException.SessionExpired ||
        this is TamaruException.SignedInElsewhere ||
        this is TamaruException.NotSignedIn
