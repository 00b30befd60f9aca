package io.consentry.signage;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a sign as a person and a phone would: its text, its first page as an image, the QR code on it. */
public final class SignReading {

    private SignReading() {
    }

    public record Pdf(int pages, float widthPt, float heightPt, String text, BufferedImage firstPage) {
    }

    public static Pdf pdf(byte[] bytes) throws IOException {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            var box = doc.getPage(0).getMediaBox();
            String text = new PDFTextStripper().getText(doc);
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150, ImageType.RGB);
            return new Pdf(doc.getNumberOfPages(), box.getWidth(), box.getHeight(), text, page);
        }
    }

    public static BufferedImage png(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    public static String qr(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    public static void save(BufferedImage image, Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
