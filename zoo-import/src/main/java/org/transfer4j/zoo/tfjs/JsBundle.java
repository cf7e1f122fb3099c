package org.transfer4j.zoo.tfjs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value a JavaScript module exports without running JavaScript: TF.js models shipped inside
 * npm packages as browserify "standalone" bundles (nsfwjs does this) hold the model artifact as an
 * object literal ({@code a.exports={modelTopology:{...},weightsManifest:[...]}}) and each weight shard
 * as a base64 string ({@code h.exports="..."}). The literal is minified JavaScript, not JSON (unquoted
 * keys, {@code !0}/{@code !1} for true/false, numbers such as {@code .39}); {@link #toJson} rewrites it.
 */
public final class JsBundle {
    /** {@code {1:[function(e,a,n){a.exports=} with the module variable captured. */
    private static final Pattern MODULE = Pattern.compile("\\{1:\\[function\\(\\w+,(\\w+),\\w+\\)\\{\\1\\.exports=");
    /** A plain CommonJS module: {@code module.exports = ...}. */
    private static final Pattern COMMON_JS = Pattern.compile("module\\.exports\\s*=\\s*");

    private JsBundle() {
    }

    /** The exported value's source text (a literal), or an exception naming {@code what} when there is none. */
    public static String exportedLiteral(String js, String what) {
        Matcher m = MODULE.matcher(js);
        int start;
        if (m.find()) {
            start = m.end();
        } else {
            Matcher c = COMMON_JS.matcher(js);
            if (!c.find()) {
                throw new IllegalArgumentException(what + " is not a JavaScript module that exports a literal (no"
                        + " 'exports=' found); expected a TF.js model.json or an npm package's model .js file");
            }
            start = c.end();
        }
        int end = endOfLiteral(js, start);
        return js.substring(start, end);
    }

    /** The exported string of a shard module, or an exception naming {@code what}. */
    public static String exportedString(String js, String what) {
        String lit = exportedLiteral(js, what).trim();
        if (lit.length() < 2 || lit.charAt(0) != '"' || lit.charAt(lit.length() - 1) != '"') {
            throw new IllegalArgumentException(what + " does not export a string (found " + abbreviate(lit) + ")");
        }
        return lit.substring(1, lit.length() - 1);
    }

    /** Index just past the literal starting at {@code start}: balanced brackets, strings skipped. */
    static int endOfLiteral(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\'') {
                i = endOfString(s, i);
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
                if (depth < 0) {
                    return i;
                }
            } else if (depth == 0 && (ch == ',' || ch == ';' || ch == '}')) {
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated literal starting at offset " + start);
    }

    private static int endOfString(String s, int open) {
        char quote = s.charAt(open);
        int i = open + 1;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == quote) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated string starting at offset " + open);
    }

    /**
     * A minified JavaScript literal as JSON: keys quoted, {@code !0}/{@code !1} as true/false, numbers
     * given a leading zero ({@code .5} and {@code -.5}), single-quoted strings double-quoted. Strings are
     * copied as they are (JavaScript and JSON escapes agree for what minifiers emit).
     */
    public static String toJson(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + literal.length() / 8);
        int i = 0;
        int n = literal.length();
        while (i < n) {
            char ch = literal.charAt(i);
            if (ch == '"') {
                int end = endOfString(literal, i);
                out.append(literal, i, end);
                i = end;
            } else if (ch == '\'') {
                int end = endOfString(literal, i);
                out.append('"').append(literal.substring(i + 1, end - 1).replace("\\'", "'").replace("\"", "\\\"")).append('"');
                i = end;
            } else if (ch == '!' && i + 1 < n && (literal.charAt(i + 1) == '0' || literal.charAt(i + 1) == '1')) {
                out.append(literal.charAt(i + 1) == '0' ? "true" : "false");
                i += 2;
            } else if (ch == '.' && i + 1 < n && Character.isDigit(literal.charAt(i + 1))
                    && (i == 0 || !Character.isDigit(literal.charAt(i - 1)))) {
                out.append("0.");
                i++;
            } else if (Character.isJavaIdentifierStart(ch)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(literal.charAt(end))) {
                    end++;
                }
                String word = literal.substring(i, end);
                int next = end;
                while (next < n && Character.isWhitespace(literal.charAt(next))) {
                    next++;
                }
                boolean key = next < n && literal.charAt(next) == ':';
                if (key) {
                    out.append('"').append(word).append('"');
                } else {
                    // true, false, null; Infinity and NaN have no JSON form and do not occur in model artifacts.
                    out.append(word);
                }
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
