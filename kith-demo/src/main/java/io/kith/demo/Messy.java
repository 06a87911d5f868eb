package io.kith.demo;

import java.util.Locale;
import java.util.SplittableRandom;

/** The ways real exports spoil clean values: case and spaces in emails, phone formats, typos in names. */
final class Messy {
    private Messy() {
    }

    static String email(String email, SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> email.toUpperCase(Locale.ROOT);
            case 1 -> " " + email + " ";
            case 2 -> Character.toUpperCase(email.charAt(0)) + email.substring(1);
            default -> email;
        };
    }

    /** A UK mobile written one of the ways people and systems write it: 07700 900123, +44 7700 900123, 0044-7700-900123, ... */
    static String phone(String digits, SplittableRandom r) {
        String national = digits.substring(1);
        return switch (r.nextInt(6)) {
            case 0 -> digits.substring(0, 5) + " " + digits.substring(5);
            case 1 -> "+44 " + national.substring(0, 4) + " " + national.substring(4);
            case 2 -> "0044-" + national.substring(0, 4) + "-" + national.substring(4);
            case 3 -> "+44" + national;
            case 4 -> "(" + digits.substring(0, 5) + ") " + digits.substring(5, 8) + " " + digits.substring(8);
            default -> digits;
        };
    }

    static String typo(String name, SplittableRandom r) {
        if (name.length() < 4 || r.nextInt(20) != 0) {
            return name;
        }
        int i = 1 + r.nextInt(name.length() - 2);
        char[] c = name.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }
}
