package io.consentry.signage;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import io.consentry.core.print.PrintFonts;
import io.consentry.portal.QrCodes;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.Color;
import java.io.ByteArrayOutputStream;

/** The printable sign as an A4 portrait PDF (OpenPDF), with the print font so that Chinese prints as typed. */
@ApplicationScoped
public class SignPdf {

    private final PrintFonts fonts;

    SignPdf(PrintFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] render(SiteNotice notice, Lang lang) {
        SignLines s = SignLines.of(notice, lang);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 48, 48, 48, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle(s.heading() + " — " + s.site());
            doc.open();
            var base = fonts.pdf();
            Paragraph heading = new Paragraph(s.heading(), new Font(base, 40, Font.NORMAL, new Color(0xB0, 0x00, 0x20)));
            heading.setAlignment(Element.ALIGN_CENTER);
            heading.setSpacingAfter(10);
            doc.add(heading);
            Paragraph site = new Paragraph(s.site(), new Font(base, 26));
            site.setAlignment(Element.ALIGN_CENTER);
            site.setSpacingAfter(18);
            doc.add(site);
            Font body = new Font(base, 15);
            for (String line : s.essentials()) {
                Paragraph p = new Paragraph("•  " + line, body);
                p.setSpacingAfter(7);
                p.setIndentationLeft(14);
                p.setFirstLineIndent(-14);
                doc.add(p);
            }
            Paragraph controller = new Paragraph(s.controller(), new Font(base, 15));
            controller.setSpacingBefore(8);
            controller.setSpacingAfter(14);
            doc.add(controller);
            Paragraph scan = new Paragraph(s.scan(), new Font(base, 13));
            scan.setAlignment(Element.ALIGN_CENTER);
            doc.add(scan);
            Image qr = Image.getInstance(QrCodes.png(s.url(), 600));
            qr.scaleAbsolute(200, 200);
            qr.setAlignment(Element.ALIGN_CENTER);
            doc.add(qr);
            Paragraph url = new Paragraph(s.url(), new Font(base, 10));
            url.setAlignment(Element.ALIGN_CENTER);
            doc.add(url);
            doc.close();
        } catch (java.io.IOException | com.lowagie.text.DocumentException e) {
            throw new IllegalStateException("The sign could not be written", e);
        }
        return out.toByteArray();
    }
}
