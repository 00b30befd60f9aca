package io.consentry.purpose;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import io.consentry.core.print.PrintFonts;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;

/**
 * An impact assessment as a printable PDF, for the file an inspector asks to see. Headings in English and Chinese; the
 * admin's text as typed, in either language (the print font covers both).
 */
@ApplicationScoped
public class AssessmentPdf {

    private final PrintFonts fonts;

    AssessmentPdf(PrintFonts fonts) {
        this.fonts = fonts;
    }

    public byte[] print(AssessmentView a, String controller) {
        BaseFont base = fonts.pdf();
        Font title = new Font(base, 16, Font.BOLD);
        Font heading = new Font(base, 11, Font.BOLD);
        Font body = new Font(base, 10);
        Font small = new Font(base, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 56, 56, 56, 56);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle("Impact assessment " + a.purpose() + " v" + a.version());
            doc.open();
            doc.add(new Paragraph("Personal information impact assessment\n个人信息保护影响评估", title));
            doc.add(new Paragraph(controller, body));
            doc.add(new Paragraph(" ", small));
            field(doc, heading, body, "Purpose / 处理目的", a.purposeTitle() + " (" + a.purpose() + ", " + a.purposeKind() + ")");
            field(doc, heading, body, "Version / 版本", Integer.toString(a.version())
                    + (a.current() ? " (applies / 现行有效)" : " (superseded or retired / 已失效)"));
            field(doc, heading, body, "Purpose and necessity / 处理目的与必要性", a.purposeAndNecessity());
            field(doc, heading, body, "Impact on individuals / 对个人权益的影响", a.impactOnIndividuals());
            field(doc, heading, body, "Risks and security measures / 风险及安全保护措施", a.risksAndMeasures());
            field(doc, heading, body, "Alternatives offered / 提供的替代方式", a.alternatives());
            field(doc, heading, body, "Where processing happens / 处理地点", a.processingLocation() == ProcessingLocation.DEVICE
                    ? "On the device at the site / 在现场设备上" : "On the platform's servers / 在平台服务器上");
            field(doc, heading, body, "Reviewer / 审核人", a.reviewer());
            field(doc, heading, body, "Approved on / 批准日期", a.approvedOn().toString());
            field(doc, heading, body, "Next review / 下次审查日期", a.nextReviewOn() + (a.overdue() ? "  OVERDUE / 已逾期" : ""));
            doc.add(new Paragraph(" ", small));
            doc.add(new Paragraph("Recorded by " + a.recordedBy() + " at " + DateTimeFormatter.ISO_INSTANT.format(a.recordedAt())
                    + "; content SHA-256 " + a.contentHash() + ". Kept at least three years after it stops applying (PIPL art. 56).", small));
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("The assessment could not be printed", e);
        }
        return out.toByteArray();
    }

    private static void field(Document doc, Font heading, Font body, String label, String text) throws DocumentException {
        Paragraph h = new Paragraph(label, heading);
        h.setSpacingBefore(6);
        doc.add(h);
        doc.add(new Paragraph(text, body));
    }
}
