package io.consentry.portal;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An invitation's QR code is a PNG a phone camera reads back to the exact link. */
class QrCodesTest {

    @Test
    void thePngDecodesToTheLink() throws Exception {
        String link = "https://consent.example.org/consent/acme-mall#invitation=" + "Ab9_-".repeat(9);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(link, 320)));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(320);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
        assertThat(decoded).isEqualTo(link);
    }
}
