package io.consentry.signage;

import java.util.ArrayList;
import java.util.List;

/** What a sign says, in the order it says it: the same for the PDF and the PNG. */
record SignLines(String heading, String site, List<String> essentials, String controller, String scan, String url) {

    static SignLines of(SiteNotice n, Lang lang) {
        SignText t = new SignText(lang);
        List<String> lines = new ArrayList<>();
        String methods = n.face().stream().filter(SiteNotice.FaceProcessing::inOperation).map(f -> t.methodShort(f.method())
                + (lang == Lang.ZH ? "（" + f.titleIn(lang.tag()) + "）" : " (" + f.titleIn(lang.tag()) + ")")).reduce((a, b) -> a + (lang == Lang.ZH ? "；" : "; ") + b)
                .orElse(t.notInOperation());
        lines.add(Character.toUpperCase(methods.charAt(0)) + methods.substring(1));
        lines.add(t.onlyConsenting());
        lines.add(t.otherWays(n.alternatives()));
        lines.add(t.retentionShort(n.longestRetentionDays(), n.inactiveAfterDays()));
        lines.add(t.withdrawShort());
        return new SignLines(t.heading(), n.siteName(), lines, t.controller(contact(n.controller())), t.scan(), n.pageUrl());
    }

    private static String contact(SiteNotice.ControllerContact c) {
        StringBuilder s = new StringBuilder(c.name());
        for (String part : new String[] {c.address(), c.email(), c.phone()}) {
            if (part != null && !part.isBlank()) {
                s.append(" · ").append(part);
            }
        }
        return s.toString();
    }
}
