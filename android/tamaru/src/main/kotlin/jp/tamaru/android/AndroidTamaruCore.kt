package jp.tamaru.android

import android.content.Context
import java.io.File
import jp.tamaru.MemberApp
import jp.tamaru.android.screens.coreLanguage
import jp.tamaru.builtinProfile

/**
 * The [TamaruCore] of an Android app for one program (`wester`, `waon`) and member API.
 *
 * The data folder is under `noBackupFilesDir` on purpose: it holds the install ID, and a copy
 * restored onto another phone would make two phones one install (SPEC §3: a new phone is a
 * new install that logs in and is restored from the server). The screens are worded in the
 * phone's language ([coreLanguage]), chosen once here.
 */
fun androidTamaruCore(context: Context, program: String, baseUrl: String): TamaruCore {
    val appContext = context.applicationContext
    return TamaruCore {
        MemberApp.withLanguage(
            profile = builtinProfile(program),
            baseUrl = baseUrl,
            dataDir = File(appContext.noBackupFilesDir, "tamaru").absolutePath,
            secureStore = KeystoreSecureStore(appContext),
            language = coreLanguage(),
        )
    }
}
