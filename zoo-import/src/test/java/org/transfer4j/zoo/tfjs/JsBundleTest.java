package org.transfer4j.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transfer4j.common.Json;

/** Minified JavaScript literals as JSON, and the exported value of a module, without running JavaScript. */
class JsBundleTest {
    @Test
    void minifiedLiteralsBecomeJson() throws Exception {
        String js = "{a:!0,b:!1,c:.39,d:-.58,e:9e-7,f:\"x:y!0\",g:[1,{h:null}],'i':'it''s'}";
        String json = JsBundle.toJson(js.replace("'it''s'", "'its'"));
        var n = Json.MAPPER.readTree(json);
        assertEquals(true, n.get("a").asBoolean());
        assertEquals(false, n.get("b").booleanValue());
        assertEquals(0.39, n.get("c").asDouble(), 0);
        assertEquals(-0.58, n.get("d").asDouble(), 0);
        assertEquals(9e-7, n.get("e").asDouble(), 0);
        assertEquals("x:y!0", n.get("f").asText(), "strings are copied untouched");
        assertTrue(n.get("g").get(1).get("h").isNull());
        assertEquals("its", n.get("i").asText());
    }

    @Test
    void theExportedValueOfABrowserifyModule() {
        String module = "!function(e){...}({1:[function(e,a,n){a.exports={k:[1,2,{s:\"}]\"}]}},{}]},{},[1])(1)});";
        assertEquals("{k:[1,2,{s:\"}]\"}]}", JsBundle.exportedLiteral(module, "m.js"));
        String shard = "x({1:[function(e,h,n){h.exports=\"QUJD\"},{}]},{},[1])(1)";
        assertEquals("QUJD", JsBundle.exportedString(shard, "s.js"));
        assertEquals("[1,2]", JsBundle.exportedLiteral("module.exports = [1,2];", "c.js"));
    }

    @Test
    void somethingElseIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsBundle.exportedLiteral("console.log(1)", "odd.js"));
        assertTrue(e.getMessage().contains("odd.js"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsBundle.exportedString("module.exports={a:1}", "shard.js"));
        assertTrue(e.getMessage().contains("shard.js") && e.getMessage().contains("does not export a string"), e.getMessage());
    }
}
