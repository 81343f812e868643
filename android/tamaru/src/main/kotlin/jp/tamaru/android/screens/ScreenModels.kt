package jp.tamaru.android.screens

import jp.tamaru.CardMergeListener
import jp.tamaru.CardMergeScreen
import jp.tamaru.CardRegistrationListener
import jp.tamaru.CardRegistrationScreen
import jp.tamaru.CardsListener
import jp.tamaru.CardsScreen
import jp.tamaru.DeliveryHelpListener
import jp.tamaru.DeliveryHelpScreen
import jp.tamaru.EmailChangeListener
import jp.tamaru.EmailChangeScreen
import jp.tamaru.EntryListener
import jp.tamaru.EntryScreen
import jp.tamaru.FamilyListener
import jp.tamaru.FamilyScreen
import jp.tamaru.HomeListener
import jp.tamaru.HomeScreen
import jp.tamaru.LogInListener
import jp.tamaru.LogInScreen
import jp.tamaru.MailSettingsListener
import jp.tamaru.MailSettingsScreen
import jp.tamaru.MemberCodeScreen
import jp.tamaru.MemberCodeScreenListener
import jp.tamaru.PasswordChangeListener
import jp.tamaru.PasswordChangeScreen
import jp.tamaru.PasswordResetListener
import jp.tamaru.PasswordResetScreen
import jp.tamaru.PointsListener
import jp.tamaru.PointsScreen
import jp.tamaru.ScreenSubscription
import jp.tamaru.SignUpListener
import jp.tamaru.SignUpScreen
import jp.tamaru.WithdrawalListener
import jp.tamaru.WithdrawalScreen
import jp.tamaru.core.CardMergeState
import jp.tamaru.core.CardRegistrationState
import jp.tamaru.core.CardsState
import jp.tamaru.core.DeliveryHelpState
import jp.tamaru.core.EmailChangeState
import jp.tamaru.core.EntryState
import jp.tamaru.core.FamilyState
import jp.tamaru.core.HomeState
import jp.tamaru.core.LogInState
import jp.tamaru.core.MailSettingsState
import jp.tamaru.core.MemberCodeScreenState
import jp.tamaru.core.PasswordChangeState
import jp.tamaru.core.PasswordResetState
import jp.tamaru.core.PointsState
import jp.tamaru.core.SignUpState
import jp.tamaru.core.WithdrawalState
import kotlinx.coroutines.CoroutineScope

// Each core screen as a [ScreenModel]: its state now, its listener, its `navigate`, and its
// close. One function per screen because each has its own listener interface; nothing here
// decides anything. The member-code screen's `subscribe` is suspending (it starts the
// core's countdown on the core's runtime), which [ScreenModel] takes as it is.

/** How a subscription stops: cancel the calls, then free the handle. */
private fun stopper(subscription: ScreenSubscription): () -> Unit = {
    subscription.cancel()
    subscription.close()
}

/** The entry screen as a [ScreenModel]. */
fun EntryScreen.model(scope: CoroutineScope): ScreenModel<EntryState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : EntryListener {
            override fun onState(state: EntryState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The home screen as a [ScreenModel]. */
fun HomeScreen.model(scope: CoroutineScope): ScreenModel<HomeState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : HomeListener {
            override fun onState(state: HomeState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The signUp screen as a [ScreenModel]. */
fun SignUpScreen.model(scope: CoroutineScope): ScreenModel<SignUpState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : SignUpListener {
            override fun onState(state: SignUpState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The logIn screen as a [ScreenModel]. */
fun LogInScreen.model(scope: CoroutineScope): ScreenModel<LogInState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : LogInListener {
            override fun onState(state: LogInState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The passwordReset screen as a [ScreenModel]. */
fun PasswordResetScreen.model(scope: CoroutineScope): ScreenModel<PasswordResetState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : PasswordResetListener {
            override fun onState(state: PasswordResetState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The passwordChange screen as a [ScreenModel]. */
fun PasswordChangeScreen.model(scope: CoroutineScope): ScreenModel<PasswordChangeState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : PasswordChangeListener {
            override fun onState(state: PasswordChangeState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The withdrawal screen as a [ScreenModel]. */
fun WithdrawalScreen.model(scope: CoroutineScope): ScreenModel<WithdrawalState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : WithdrawalListener {
            override fun onState(state: WithdrawalState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The cards screen as a [ScreenModel]. */
fun CardsScreen.model(scope: CoroutineScope): ScreenModel<CardsState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : CardsListener {
            override fun onState(state: CardsState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The cardRegistration screen as a [ScreenModel]. */
fun CardRegistrationScreen.model(scope: CoroutineScope): ScreenModel<CardRegistrationState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : CardRegistrationListener {
            override fun onState(state: CardRegistrationState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The cardMerge screen as a [ScreenModel]. */
fun CardMergeScreen.model(scope: CoroutineScope): ScreenModel<CardMergeState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : CardMergeListener {
            override fun onState(state: CardMergeState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The memberCode screen as a [ScreenModel]. */
fun MemberCodeScreen.model(scope: CoroutineScope): ScreenModel<MemberCodeScreenState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : MemberCodeScreenListener {
            override fun onState(state: MemberCodeScreenState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The points screen as a [ScreenModel]. */
fun PointsScreen.model(scope: CoroutineScope): ScreenModel<PointsState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : PointsListener {
            override fun onState(state: PointsState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The mailSettings screen as a [ScreenModel]. */
fun MailSettingsScreen.model(scope: CoroutineScope): ScreenModel<MailSettingsState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : MailSettingsListener {
            override fun onState(state: MailSettingsState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The emailChange screen as a [ScreenModel]. */
fun EmailChangeScreen.model(scope: CoroutineScope): ScreenModel<EmailChangeState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : EmailChangeListener {
            override fun onState(state: EmailChangeState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The deliveryHelp screen as a [ScreenModel]. */
fun DeliveryHelpScreen.model(scope: CoroutineScope): ScreenModel<DeliveryHelpState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : DeliveryHelpListener {
            override fun onState(state: DeliveryHelpState) = emit(state)
        })
        stopper(subscription)
    }, ::close)

/** The family screen as a [ScreenModel]. */
fun FamilyScreen.model(scope: CoroutineScope): ScreenModel<FamilyState> =
    ScreenModel(scope, state(), { it.navigate }, { emit ->
        val subscription = subscribe(object : FamilyListener {
            override fun onState(state: FamilyState) = emit(state)
        })
        stopper(subscription)
    }, ::close)
