package io.consentry.signage;

import io.consentry.core.print.PrintFonts;
import io.consentry.portal.QrCodes;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The printable sign as a PNG (Java2D): A4 portrait at 150 dpi (1240 × 1754 pixels). */
@ApplicationScoped
public class SignPng {

    static final int WIDTH = 1240;
    static final int HEIGHT = 1754;
    private static final int MARGIN = 90;

    private final PrintFonts fonts;

    SignPng(PrintFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(SiteNotice notice, Lang lang) {
        SignLines s = SignLines.of(notice, lang);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(0xB0, 0x00, 0x20));
            g.fillRect(0, 0, WIDTH, 24);
            int y = 150;
            y = centred(g, s.heading(), fonts.awt(80f), y, new Color(0xB0, 0x00, 0x20));
            y = centred(g, s.site(), fonts.awt(52f), y + 20, Color.BLACK);
            y += 50;
            Font body = fonts.awt(31f);
            for (String line : s.essentials()) {
                y = wrapped(g, "•  " + line, body, y, Color.BLACK) + 14;
            }
            y = wrapped(g, s.controller(), body, y + 10, Color.BLACK);
            y = centred(g, s.scan(), fonts.awt(28f), y + 40, Color.DARK_GRAY);
            BufferedImage qr = ImageIO.read(new ByteArrayInputStream(QrCodes.png(s.url(), 420)));
            int qrY = Math.min(y + 10, HEIGHT - 420 - 80);
            g.drawImage(qr, (WIDTH - 420) / 2, qrY, null);
            centred(g, s.url(), fonts.awt(20f), qrY + 420 + 30, Color.DARK_GRAY);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("The sign could not be drawn", e);
        } finally {
            g.dispose();
        }
    }

    private static int centred(Graphics2D g, String text, Font font, int y, Color colour) {
        g.setFont(font);
        g.setColor(colour);
        FontMetrics m = g.getFontMetrics();
        int lineY = y;
        for (String line : wrap(text, m, WIDTH - 2 * MARGIN)) {
            g.drawString(line, (WIDTH - m.stringWidth(line)) / 2, lineY + m.getAscent());
            lineY += m.getHeight();
        }
        return lineY;
    }

    private static int wrapped(Graphics2D g, String text, Font font, int y, Color colour) {
        g.setFont(font);
        g.setColor(colour);
        FontMetrics m = g.getFontMetrics();
        int lineY = y;
        for (String line : wrap(text, m, WIDTH - 2 * MARGIN)) {
            g.drawString(line, MARGIN, lineY + m.getAscent());
            lineY += m.getHeight();
        }
        return lineY;
    }

    /** Breaks at spaces where there are any, else between characters (Chinese has no spaces). */
    static List<String> wrap(String text, FontMetrics m, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int end = i + 1;
            if (text.charAt(i) != ' ' && Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) < 0x2E80) {
                while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) < 0x2E80) {
                    end++;
                }
            }
            String token = text.substring(i, end);
            if (m.stringWidth(line + token) > width && line.length() > 0) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                if (token.equals(" ")) {
                    i = end;
                    continue;
                }
            }
            line.append(token);
            i = end;
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
