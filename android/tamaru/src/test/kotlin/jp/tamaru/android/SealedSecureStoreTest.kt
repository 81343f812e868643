package jp.tamaru.android

import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import jp.tamaru.SecureStoreException
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

/** The sealing store on the JVM, with a software AES key standing in for the Keystore's. */
class SealedSecureStoreTest {
    private class MapValues : SealedValues {
        val map = HashMap<String, String>()
        override fun read(name: String) = map[name]
        override fun write(name: String, sealed: String) { map[name] = sealed }
        override fun remove(name: String) { map.remove(name) }
    }

    private fun newKey(): SecretKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()

    @Test
    fun storesOnlyCiphertextAndReadsItBack() {
        val values = MapValues()
        val store = SealedSecureStore(values, newKey().let { k -> { k } })
        store.set("session.refresh", "rt-secret-value")
        assertFalse(values.map.getValue("session.refresh").contains("rt-secret-value"))
        assertEquals("rt-secret-value", store.get("session.refresh"))
        assertNull(store.get("missing"))
    }

    @Test
    fun sealsEachValueFreshly() {
        val values = MapValues()
        val store = SealedSecureStore(values, newKey().let { k -> { k } })
        store.set("a", "same")
        val first = values.map.getValue("a")
        store.set("a", "same")
        assertTrue("a new IV each time", first != values.map.getValue("a"))
    }

    @Test
    fun aValueMovedToAnotherNameDoesNotOpen() {
        val values = MapValues()
        val store = SealedSecureStore(values, newKey().let { k -> { k } })
        store.set("device.secret", "s3cret")
        values.map["session.access"] = values.map.getValue("device.secret")
        assertNull(store.get("session.access"))
        assertFalse("the unreadable copy is removed", values.map.containsKey("session.access"))
        assertEquals("s3cret", store.get("device.secret"))
    }

    @Test
    fun valuesOfALostKeyReadAsAbsentAndAreRemoved() {
        val values = MapValues()
        SealedSecureStore(values, newKey().let { k -> { k } }).set("session.refresh", "rt")
        val restoredElsewhere = SealedSecureStore(values, newKey().let { k -> { k } })
        assertNull(restoredElsewhere.get("session.refresh"))
        assertTrue(values.map.isEmpty())
        values.map["x"] = "not base64 at all"
        assertNull(restoredElsewhere.get("x"))
    }

    @Test
    fun deletingAMissingKeyIsFine() {
        val store = SealedSecureStore(MapValues(), newKey().let { k -> { k } })
        store.delete("never-set")
    }

    @Test
    fun failuresNameTheOperationNeverTheValue() {
        val broken = object : SealedValues {
            override fun read(name: String): String? = throw IllegalStateException("disk gone")
            override fun write(name: String, sealed: String) = throw IllegalStateException("disk full")
            override fun remove(name: String) = Unit
        }
        val store = SealedSecureStore(broken, newKey().let { k -> { k } })
        try {
            store.set("session.refresh", "rt-secret-value")
            fail("expected a SecureStoreException")
        } catch (e: SecureStoreException.Failed) {
            assertEquals("set: IllegalStateException", e.detail)
            assertFalse(e.detail.contains("rt-secret-value"))
        }
    }
}
