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
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A QR code is a PNG a phone camera reads back to the exact link. */
class QrCodesTest {

    @Test
    void thePngDecodesToTheLink() throws Exception {
        String link = "https://consent.example.org/consent/acme-mall#invitation=" + "Ab9_-".repeat(9);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(link, 320)));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(320);
        assertThat(decode(image)).isEqualTo(link);
    }

    /**
     * A site sign's address for which the encoder's own mask choice gives a symbol the reference detector cannot find
     * (found when a sign's test failed): the code handed out is another mask's, and it reads back.
     */
    @Test
    void aLinkWhoseDefaultMaskDoesNotReadBackGetsAnotherMask() throws Exception {
        String link = "http://127.0.0.1:8080/public/sign-2a2e2bf8/sites/b9a8bd55-46e9-4ace-a2f7-2c978d0e1254";
        assertThat(QrCodes.readsBack(QrCodes.encode(link, 420, null), link)).isFalse();
        assertThat(decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(link, 420))))).isEqualTo(link);
    }

    /** Random sign addresses and invitation links, at the sizes the product draws them: every one reads back. */
    @Test
    void everyRandomLinkReadsBack() throws Exception {
        Random random = new Random(20261201);
        for (int i = 0; i < 300; i++) {
            String slug = "t-" + new UUID(random.nextLong(), random.nextLong()).toString().substring(0, 8);
            String sign = "https://consentry.example.org/public/" + slug + "/sites/" + new UUID(random.nextLong(), random.nextLong());
            String invitation = "https://consentry.example.org/consent/" + slug + "#invitation="
                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            assertThat(decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(sign, 420))))).isEqualTo(sign);
            assertThat(decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(invitation, 320))))).isEqualTo(invitation);
        }
    }

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
    }
}
