package io.consentry.signage;

import java.util.Locale;

/** The two languages of public pages and signs: {@code ?lang=} wins, then the browser's Accept-Language, then English. */
public enum Lang {
    EN("en"), ZH("zh");

    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public Lang other() {
        return this == EN ? ZH : EN;
    }

    public static Lang choose(String param, String acceptLanguage) {
        if (param != null && !param.isBlank()) {
            String p = param.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("zh")) {
                return ZH;
            }
            if (p.startsWith("en")) {
                return EN;
            }
        }
        if (acceptLanguage != null) {
            // The first language the browser names decides (quality values are listed in preference order in practice).
            String first = acceptLanguage.split(",")[0].strip().toLowerCase(Locale.ROOT);
            if (first.startsWith("zh")) {
                return ZH;
            }
        }
        return EN;
    }
}
