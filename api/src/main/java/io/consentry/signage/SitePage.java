package io.consentry.signage;

import io.consentry.policy.AccessMethod;

/**
 * The public page as plain HTML: readable without JavaScript, one heading hierarchy, the language declared (and the
 * notice text's own language where it differs), links with their destination in words.
 */
final class SitePage {

    private SitePage() {
    }

    static String render(SiteNotice n, Lang lang) {
        SignText t = new SignText(lang);
        StringBuilder h = new StringBuilder(4096);
        h.append("<!doctype html>\n<html lang=\"").append(lang.tag()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(t.pageTitle(n.siteName()))).append("</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#111;background:#fff}"
                        + "header{border-bottom:4px solid #b00020;margin-bottom:1rem}h1{font-size:2rem;margin:.25rem 0}"
                        + ".site{font-size:1.25rem;margin:0 0 .5rem}blockquote{border-left:4px solid #888;margin:.5rem 0;padding:.25rem .75rem;background:#f4f4f4}"
                        + "a{color:#0645ad}nav{margin:.5rem 0}nav a{margin-right:1rem}</style>\n")
                .append("</head>\n<body>\n<header>\n<h1>").append(esc(t.heading())).append("</h1>\n<p class=\"site\">")
                .append(esc(n.siteName())).append("</p>\n<nav aria-label=\"").append(esc(lang == Lang.ZH ? "语言与标识" : "Language and sign"))
                .append("\">").append("<a href=\"?lang=").append(lang.other().tag()).append("\" hreflang=\"").append(lang.other().tag())
                .append("\" lang=\"").append(lang.other().tag()).append("\">").append(esc(t.otherLanguage())).append("</a>")
                .append("<a href=\"").append(esc(path(n))).append("/sign.pdf?lang=").append(lang.tag()).append("\">")
                .append(esc(t.printSign())).append(" (PDF)</a>")
                .append("<a href=\"").append(esc(path(n))).append("/sign.png?lang=").append(lang.tag()).append("\">")
                .append(esc(t.printSign())).append(" (PNG)</a></nav>\n</header>\n<main>\n");

        h.append("<section aria-labelledby=\"processing\">\n<h2 id=\"processing\">").append(esc(t.sectionProcessing())).append("</h2>\n")
                .append("<p>").append(esc(t.onlyConsenting())).append("</p>\n");
        for (SiteNotice.FaceProcessing f : n.face()) {
            h.append("<h3>").append(esc(capitalised(t.methodShort(f.method())))).append("</h3>\n<p>").append(esc(t.method(f.method()))).append("</p>\n");
            if (!f.inOperation()) {
                h.append("<p>").append(esc(t.notInOperation())).append("</p>\n");
                continue;
            }
            h.append("<p>").append(esc(t.purpose(f.titleIn(lang.tag())))).append("</p>\n");
            String notice = f.noticeIn(lang.tag());
            if (notice != null) {
                h.append("<h4>").append(esc(t.noticeHeading(f.noticeVersion()))).append("</h4>\n<blockquote lang=\"")
                        .append(esc(f.noticeLanguageFor(lang.tag()))).append("\">").append(esc(notice).replace("\n", "<br>\n")).append("</blockquote>\n");
            }
        }
        h.append("</section>\n");

        h.append("<section aria-labelledby=\"alternatives\">\n<h2 id=\"alternatives\">").append(esc(t.sectionAlternatives())).append("</h2>\n<ul>\n");
        for (AccessMethod m : n.alternatives()) {
            h.append("<li>").append(esc(t.alternative(m))).append("</li>\n");
        }
        h.append("</ul>\n</section>\n");

        SiteNotice.ControllerContact c = n.controller();
        h.append("<section aria-labelledby=\"controller\">\n<h2 id=\"controller\">").append(esc(t.sectionController())).append("</h2>\n<p>")
                .append(esc(t.controller(c.name()))).append("</p>\n");
        if (c.address() != null) {
            h.append("<p>").append(esc(t.address())).append(": ").append(esc(c.address())).append("</p>\n");
        }
        if (c.email() != null) {
            h.append("<p>").append(esc(t.email())).append(": <a href=\"mailto:").append(esc(c.email())).append("\">")
                    .append(esc(c.email())).append("</a></p>\n");
        }
        if (c.phone() != null) {
            h.append("<p>").append(esc(t.phone())).append(": ").append(esc(c.phone())).append("</p>\n");
        }
        h.append("</section>\n");

        h.append("<section aria-labelledby=\"withdraw\">\n<h2 id=\"withdraw\">").append(esc(t.sectionWithdraw())).append("</h2>\n<p>")
                .append(esc(t.withdraw(c.name()))).append("</p>\n<p><a href=\"").append(esc(n.portalUrl())).append("\">")
                .append(esc(t.portalLink())).append(": ").append(esc(n.portalUrl())).append("</a></p>\n</section>\n");

        h.append("<section aria-labelledby=\"retention\">\n<h2 id=\"retention\">").append(esc(t.sectionRetention())).append("</h2>\n<p>")
                .append(esc(t.retention(n.longestRetentionDays(), n.inactiveAfterDays(), n.maxRetentionDays()))).append("</p>\n</section>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The page's own path (the signs sit under it): links work on whatever host the page was reached at. */
    private static String path(SiteNotice n) {
        return java.net.URI.create(n.pageUrl()).getRawPath();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
