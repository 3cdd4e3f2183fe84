package io.intercomsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;

/**
 * What a request body may hold: the fields each request accepts, text lengths, email addresses, whole
 * numbers and timestamps. Where Intercom documents a limit it is applied as documented; where it does not,
 * or where Intercom silently drops or alters a value instead of refusing it, the sandbox refuses, so a client
 * losing data is seen failing here rather than passing. docs/sandbox.md gives each choice and its source.
 */
final class Validation {
    /** Characters (code points) in one text value: Intercom documents 255 for string custom attributes. */
    static final int MAX_TEXT = 255;
    /** RFC 5321: a forward path holds at most 256 octets, brackets included, so 254 for the address. */
    static final int MAX_EMAIL = 254;
    /** RFC 5321: the part before the @ holds at most 64 octets. */
    static final int MAX_EMAIL_LOCAL = 64;
    /** RFC 1035: one label of a domain name. */
    private static final int MAX_DOMAIN_LABEL = 63;
    /** 9999-12-31T23:59:59Z, the last second a four-digit year can write. */
    static final long MAX_TIMESTAMP = 253_402_300_799L;

    /** The fields one kind of request body accepts, as the spec's request schema lists them. */
    record Accepted(String what, List<String> fields) {
    }

    static final Accepted CONTACT = new Accepted("a contact", List.of("role", "external_id", "email", "email_verified",
            "phone", "name", "avatar", "signed_up_at", "last_seen_at", "owner_id", "unsubscribed_from_emails", "custom_attributes"));
    static final Accepted COMPANY = new Accepted("a company", List.of("name", "company_id", "plan", "size", "website",
            "industry", "custom_attributes", "remote_created_at", "update_last_request_at", "monthly_spend"));
    static final Accepted DATA_ATTRIBUTE = new Accepted("a data attribute", List.of("name", "model", "data_type",
            "description", "messenger_writable", "options"));
    static final Accepted ATTACH_COMPANY = new Accepted("attaching a company", List.of("id"));
    static final Accepted MERGE = new Accepted("a merge", List.of("from", "into"));
    /** contact_search_request; conversation search takes the same (its schema omits sort, Intercom honours it). */
    static final Accepted SEARCH = new Accepted("a search", List.of("query", "pagination", "sort"));
    static final Accepted PAGINATION = new Accepted("pagination", List.of("per_page", "starting_after"));
    static final Accepted SORT = new Accepted("sort", List.of("field", "order"));

    private Validation() {
    }

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "parameter_invalid", "The request body must be a JSON object");
        }
    }

    /**
     * Refuses a body with a field its request schema does not list. Intercom has been seen to ignore such fields,
     * which loses the value without a word (a 2.x contact sent "companies" is created without them); here it is a 400.
     */
    static void onlyAccepted(JsonNode body, Accepted accepted) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!accepted.fields().contains(name)) {
                throw new ApiError(400, "parameter_invalid", "Unknown field '" + clip(name) + "' in " + accepted.what()
                        + "; accepted fields are " + String.join(", ", accepted.fields()), clip(name));
            }
        }
    }

    /** A string field: null when absent or JSON null; 400 when not a string or longer than {@link #MAX_TEXT}. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiError(400, "parameter_invalid", field + " must be a string", field);
        }
        String s = n.asText();
        checkLength(field, s);
        return s;
    }

    static void checkLength(String field, String value) {
        int length = value.codePointCount(0, value.length());
        if (length > MAX_TEXT) {
            throw new ApiError(400, "parameter_invalid", field + " is too long: " + length + " characters, at most "
                    + MAX_TEXT, field);
        }
    }

    /** A unix timestamp field: null when absent or JSON null; whole seconds from 1970 to year 9999. */
    static Long seconds(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!isTimestamp(n)) {
            throw new ApiError(400, "parameter_invalid", field + " must be a unix timestamp in seconds (0 to "
                    + MAX_TIMESTAMP + ")", field);
        }
        return n.asLong();
    }

    static boolean isTimestamp(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0 && n.asLong() <= MAX_TIMESTAMP;
    }

    /**
     * A whole number within signed 32 bits. The spec says monthly_spend "will truncate floats"
     * (155.98 is stored as 155) and caps it at 2^31-1; a truncation is a silent loss, so a fraction is refused.
     */
    static Long int32(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new ApiError(400, "parameter_invalid", field + " must be a whole number", field);
        }
        if (!n.isIntegralNumber()) {
            throw new ApiError(400, "parameter_invalid", field + " must be a whole number; Intercom would truncate "
                    + n.asText() + " to " + (long) n.asDouble(), field);
        }
        if (!n.canConvertToInt()) {
            throw new ApiError(400, "parameter_invalid", field + " is out of range: " + n.asText() + ", at most "
                    + Integer.MAX_VALUE + " and at least " + Integer.MIN_VALUE, field);
        }
        return n.asLong();
    }

    /**
     * An email address as a mail system would deliver to it: one @; before it at most 64 characters of
     * letters, digits and RFC 5322's atext symbols, in dot-separated parts; after it a domain of at least two
     * dot-separated labels (no "user@localhost"), each 1 to 63 letters, digits or inner hyphens, the last not
     * all digits (no IP addresses); at most 254 characters in all. Non-ASCII letters are allowed (RFC 6531).
     *
     * @return null when valid, else why not
     */
    static String emailProblem(String email) {
        int at = email.indexOf('@');
        if (at < 0) {
            return "it has no @";
        }
        if (email.indexOf('@', at + 1) >= 0) {
            return "it has more than one @";
        }
        if (email.codePointCount(0, email.length()) > MAX_EMAIL) {
            return "it is longer than " + MAX_EMAIL + " characters";
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (local.isEmpty() || domain.isEmpty()) {
            return "nothing is before or after the @";
        }
        if (local.codePointCount(0, local.length()) > MAX_EMAIL_LOCAL) {
            return "the part before the @ is longer than " + MAX_EMAIL_LOCAL + " characters";
        }
        String localProblem = dotParts(local, "the part before the @", Validation::isLocalChar);
        if (localProblem != null) {
            return localProblem;
        }
        if (domain.indexOf('.') < 0) {
            return "the domain '" + clip(domain) + "' has no dot";
        }
        String domainProblem = dotParts(domain, "the domain", Validation::isDomainChar);
        if (domainProblem != null) {
            return domainProblem;
        }
        String last = domain.substring(domain.lastIndexOf('.') + 1);
        boolean allDigits = last.chars().allMatch(c -> c >= '0' && c <= '9');
        if (allDigits) {
            return "the domain is an IP address, not a name";
        }
        for (String label : domain.split("\\.")) {
            if (label.length() > MAX_DOMAIN_LABEL) {
                return "a part of the domain is longer than " + MAX_DOMAIN_LABEL + " characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "a part of the domain starts or ends with a hyphen";
            }
        }
        return null;
    }

    private interface CharRule {
        boolean allows(int codePoint);
    }

    /** Dot-separated parts, none empty, every character allowed by the rule. */
    private static String dotParts(String s, String what, CharRule rule) {
        if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return what + " starts or ends with a dot, or has two dots in a row";
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c != '.' && !rule.allows(c)) {
                return what + " holds " + describe(c) + ", which an address cannot";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static boolean isLocalChar(int c) {
        return isAsciiAlnum(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || (c > 127 && Character.isLetterOrDigit(c))
                || (c > 127 && Character.getType(c) == Character.NON_SPACING_MARK);
    }

    private static boolean isDomainChar(int c) {
        return isAsciiAlnum(c) || c == '-' || (c > 127 && Character.isLetterOrDigit(c))
                || (c > 127 && Character.getType(c) == Character.NON_SPACING_MARK);
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String describe(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "a space";
        }
        if (Character.isISOControl(c)) {
            return String.format("a control character (U+%04X)", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    /** A value quoted back in a message, cut to 40 characters: a 10 MB field is not echoed whole. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, Character.isHighSurrogate(s.charAt(39)) ? 39 : 40) + "...";
    }
}
