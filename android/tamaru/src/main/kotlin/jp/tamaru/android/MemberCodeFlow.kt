package jp.tamaru.android

import jp.tamaru.MemberCodeListener
import jp.tamaru.MemberCodeSession
import jp.tamaru.core.MemberCodeState
import jp.tamaru.core.MemberCodeUnavailable
import jp.tamaru.core.MemberCodeView
import kotlinx.coroutines.flow.Flow

/**
 * The member-code screen's states as a [Flow]: the code now, then each replacement on time,
 * or no code and the core's reason. Collecting starts the core's timer; when the collector
 * stops (the screen leaves), the subscription is cancelled and its handle freed.
 */
fun MemberCodeSession.states(): Flow<MemberCodeState> = listenerFlow { emit ->
    val subscription = subscribe(
        object : MemberCodeListener {
            override fun onCode(code: MemberCodeView) = emit(MemberCodeState.Ready(code))

            override fun onUnavailable(unavailable: MemberCodeUnavailable) =
                emit(MemberCodeState.Unavailable(unavailable))
        },
    )
    return@listenerFlow {
        subscription.cancel()
        subscription.close()
    }
}
