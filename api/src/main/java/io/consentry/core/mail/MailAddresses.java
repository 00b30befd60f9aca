package io.consentry.core.mail;

/**
 * How an address is shown where the subject is not the reader (admin answers, audit entries): enough to recognise it,
 * not enough to write to it. {@code li.wei@example.test} → {@code l***@example.test}.
 */
public final class MailAddresses {

    private MailAddresses() {
    }

    public static String mask(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }
}
