package jp.tamaru.app.ui

import jp.tamaru.core.TamaruException
import jp.tamaru.sessionEnd

/**
 * Errors after which the screen cannot go on without a new login: the core's one decision
 * (`sessionEnd`), never a list of the app's own, which drifted (it missed `AccountWithdrawn`).
 * The app does not decide where to go next: it returns to the start destination, which asks
 * the core (`MemberApp.startScreen()`), so "signed out elsewhere" gets its explanation.
 */
fun TamaruException.endsSession(): Boolean = sessionEnd(this) != null
