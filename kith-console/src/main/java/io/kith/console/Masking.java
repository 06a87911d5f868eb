package io.kith.console;

import java.util.regex.Pattern;

/**
 * How the console hides what a role need not see. Sensitive fields, masked for every role but admin: birth dates,
 * postal addresses, payment and bank details (card tokens included), government ids, IP addresses, income and
 * health. Contact points (email, phone) are shown in clear to admins and service agents (who talk to the customer)
 * and masked for store staff and marketers, who see enough to recognise the person.
 */
final class Masking {
    private static final Pattern SENSITIVE = Pattern.compile(
            "(?i).*(birth|dob|address|street|postcode|postal|zip|card|iban|bank|account_number|ssn|national|passport|tax|"
                    + "(^|_)ip($|_)|ip_address|income|salary|health|password|secret).*");

    private Masking() {
    }

    static boolean sensitive(String fieldOrType) {
        return fieldOrType != null && SENSITIVE.matcher(fieldOrType).matches();
    }

    static boolean contact(String type) {
        return type.equals("email") || type.equals("phone");
    }

    /** A value masked for its kind: an email keeps its first letter and domain, anything else its last two characters. */
    static String mask(String type, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (type.equals("email") && value.indexOf('@') > 0) {
            return value.charAt(0) + "•••" + value.substring(value.indexOf('@'));
        }
        return value.length() <= 4 ? "••••" : "••••" + value.substring(value.length() - 2);
    }

    /** The value as this staff member may see it. */
    static String shown(Staff staff, String type, String value) {
        if (staff.can(Permission.UNMASKED)) {
            return value;
        }
        if (contact(type)) {
            return staff.can(Permission.CONTACT_POINTS) ? value : mask(type, value);
        }
        return sensitive(type) ? mask(type, value) : value;
    }
}
