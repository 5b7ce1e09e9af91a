package io.anneal.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/** Says why a text is not acceptable JSON in the user's words, with where; never a library's own message. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String plain(JacksonException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return reason(e, original) + where(e.getLocation());
    }

    private static String reason(JacksonException e, String original) {
        if (e instanceof StreamConstraintsException) {
            if (original.contains("nesting depth")) {
                return "objects and lists are nested too deeply";
            }
            if (original.contains("String value length")) {
                return "a text value is too long";
            }
            if (original.contains("Number value length")) {
                return "a number has too many digits";
            }
            return "it exceeds a size limit";
        }
        if (original.contains("Duplicate Object property") || original.contains("Duplicate field")) {
            int quote = original.indexOf('"');
            String name = quote >= 0 ? original.substring(quote, original.indexOf('"', quote + 1) + 1) : "a field";
            return "the field " + name + " appears twice";
        }
        if (original.contains("Non-standard token") || original.contains("NaN") || original.contains("Infinity")) {
            return "NaN and Infinity are not numbers in JSON";
        }
        if (original.contains("end-of-input")) {
            return "the body ends before the JSON does";
        }
        if (original.contains("Unexpected character") || original.contains("Unrecognized token")) {
            return "unexpected characters (is it JSON, with double quotes around names and texts?)";
        }
        if (original.contains("Trailing token")) {
            return "there is more after the JSON value";
        }
        return "it cannot be read as JSON";
    }

    private static String where(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
