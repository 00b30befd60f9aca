package io.consentry.core.print;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.File;
import java.io.IOException;

/**
 * The one font every printable document uses (impact-assessment PDFs, site signs in PDF and PNG): it must cover
 * Chinese as well as Latin text, and nothing is downloaded at run time, so it is a font file installed on the host
 * (Debian and Ubuntu: fonts-wqy-microhei; the api image and .ci/run install it). A TrueType collection (.ttc) is read
 * at its first face. Loaded once, lazily: a replica that never prints never reads it.
 */
@ApplicationScoped
public class PrintFonts {

    private final String path;
    private volatile BaseFont pdf;
    private volatile Font awt;

    PrintFonts(@ConfigProperty(name = "consentry.print.font", defaultValue = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") String path) {
        this.path = path;
    }

    /** For OpenPDF: embedded, Unicode (Identity-H), so any Chinese or English text prints as typed. */
    public BaseFont pdf() {
        BaseFont font = pdf;
        if (font == null) {
            try {
                String name = path.toLowerCase(java.util.Locale.ROOT).endsWith(".ttc") ? path + ",0" : path;
                font = BaseFont.createFont(name, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            } catch (DocumentException | IOException e) {
                throw missing(e);
            }
            pdf = font;
        }
        return font;
    }

    /** For Java2D (PNG rendering), at the given point size. */
    public Font awt(float size) {
        Font font = awt;
        if (font == null) {
            try {
                font = Font.createFonts(new File(path))[0];
            } catch (FontFormatException | IOException e) {
                throw missing(e);
            }
            awt = font;
        }
        return font.deriveFont(size);
    }

    private IllegalStateException missing(Exception cause) {
        return new IllegalStateException("The print font " + path + " could not be read (set consentry.print.font to a "
                + "TrueType font that covers Chinese, e.g. the one of Debian's fonts-wqy-microhei)", cause);
    }

}
