package jp.tamaru.app.ui

import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.ViewModelProvider.AndroidViewModelFactory.Companion.APPLICATION_KEY
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import jp.tamaru.android.TamaruCore
import jp.tamaru.app.TamaruApplication

/** A factory for view models that need the process's [TamaruCore] (no DI framework needed). */
inline fun <reified VM : ViewModel> coreViewModel(crossinline create: (TamaruCore) -> VM): ViewModelProvider.Factory =
    viewModelFactory {
        initializer { create((this[APPLICATION_KEY] as TamaruApplication).core) }
    }
