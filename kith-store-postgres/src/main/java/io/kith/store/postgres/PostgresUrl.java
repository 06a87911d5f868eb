package io.kith.store.postgres;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL location as Kith is configured with it, {@code postgres://user:password@host:port/db?params},
 * {@code postgresql://...} or {@code jdbc:postgresql://host:port/db?user=...&password=...}, split into the JDBC URL the
 * driver gets (without credentials), the credentials, and a form for logs and errors without the password.
 */
record PostgresUrl(String jdbcUrl, String user, String password, String display) {
    private static final String EXPECTED = "expected postgres://user:password@host:port/database";

    @Override
    public String toString() {
        return display;
    }

    static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "no PostgreSQL URL given; " + EXPECTED);
        }
        String scheme;
        if (url.startsWith("jdbc:postgresql://")) {
            scheme = "jdbc:postgresql://";
        } else if (url.startsWith("postgres://")) {
            scheme = "postgres://";
        } else if (url.startsWith("postgresql://")) {
            scheme = "postgresql://";
        } else {
            throw bad(url, EXPECTED);
        }
        String rest = url.substring(scheme.length());
        int q = rest.indexOf('?');
        String main = q < 0 ? rest : rest.substring(0, q);
        int at = main.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = main.substring(0, at);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), url);
            password = colon < 0 ? null : decode(info.substring(colon + 1), url);
        }
        String hostPath = main.substring(at + 1);
        int slash = hostPath.indexOf('/');
        String hosts = slash < 0 ? hostPath : hostPath.substring(0, slash);
        String database = slash < 0 ? "" : hostPath.substring(slash + 1);
        if (hosts.isEmpty()) {
            throw bad(url, "it names no host; " + EXPECTED);
        }
        if (database.isEmpty()) {
            throw bad(url, "it names no database; " + EXPECTED);
        }
        List<String> params = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                int eq = param.indexOf('=');
                String key = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : decode(param.substring(eq + 1), url);
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    password = value;
                } else if (!param.isEmpty()) {
                    params.add(param);
                    shown.add(key.toLowerCase(Locale.ROOT).endsWith("password") ? key + "=***" : param);
                }
            }
        }
        String location = hosts + "/" + database;
        String display = scheme + (user == null ? "" : encode(user) + "@") + location + (shown.isEmpty() ? "" : "?" + String.join("&", shown));
        return new PostgresUrl("jdbc:postgresql://" + location + (params.isEmpty() ? "" : "?" + String.join("&", params)), user, password, display);
    }

    /** The URL as given with its password (in the user info or a {@code password} parameter) taken out, even when it does not parse. */
    static String redact(String url) {
        if (url == null) {
            return "null";
        }
        String s = url;
        int scheme = s.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int q = s.indexOf('?', start);
        int at = s.lastIndexOf('@', (q < 0 ? s.length() : q) - 1);
        if (at < start) {
            at = s.lastIndexOf('@');
        }
        if (at >= start) {
            int colon = s.indexOf(':', start);
            if (colon >= 0 && colon < at) {
                s = s.substring(0, colon) + s.substring(at);
            }
        }
        return s.replaceAll("(?i)([?&][a-z_]*password=)[^&]*", "$1***");
    }

    private static KithException bad(String url, String why) {
        return new KithException(ErrorCode.INVALID_CONFIG, "not a usable PostgreSQL URL: " + redact(url) + ": " + why);
    }

    /** Percent-decoding as in a URI ({@code +} stays a plus). */
    private static String decode(String text, String url) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int pct = text.indexOf('%', i);
            int end = pct < 0 ? text.length() : pct;
            out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (pct < 0) {
                break;
            }
            if (pct + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(pct + 1)) || !HexFormat.isHexDigit(text.charAt(pct + 2))) {
                throw bad(url, "a % is not followed by two hex digits");
            }
            out.write(HexFormat.fromHexDigits(text, pct + 1, pct + 3));
            i = pct + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String user) {
        StringBuilder sb = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return sb.toString();
    }
}
