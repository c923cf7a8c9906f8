package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Mode 1, sandbox only (no tokens): the sandbox answers this machine and nobody else, and what it
 * takes as files is pictures only, served re-encoded under ids nobody can guess.
 */
class SandboxOnlyAccessTest extends AccessMatrix {

    @Override
    Mode mode() {
        return new Mode("sandbox only", true, false, false);
    }

    @Test
    void theSandboxServesThisMachineOnlyAndNeverAProxiedOrRenamedRequest() throws Exception {
        assertThat(status(get("/sandbox/api/workspace"))).isEqualTo(200);
        assertThat(status(get("/sandbox/api/workspace").with(from(REMOTE))))
                .as("from the LAN")
                .isEqualTo(404);
        assertThat(status(get("/sandbox/api/workspace").header("X-Forwarded-For", "127.0.0.1")))
                .as("through a proxy, even one claiming loopback")
                .isEqualTo(404);
        assertThat(status(get("/sandbox/api/workspace").header("Host", "rebound.example")))
                .as("a page on another site that rebinds its name to 127.0.0.1")
                .isEqualTo(404);
        assertThat(status(get("/sandbox/api/workspace").with(from("::1"))))
                .as("IPv6 loopback")
                .isEqualTo(200);
        String health = mvc.perform(get("/actuator/health").with(from(REMOTE)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(health)
                .as("health does not advertise the sandbox")
                .doesNotContain("sandbox")
                .doesNotContain("components");
    }

    @Test
    void aLocalSandboxPersonGetsASignInLink() throws Exception {
        int before = links();
        sandboxPost(KATE_ON_SLACK, OAKFIELD_STAFFROOM, "/staffroom login");
        assertThat(links()).isEqualTo(before + 1);
    }

    @Test
    void sandboxFilesArePicturesOnlyReEncodedUnderUnguessableIds() throws Exception {
        String html = "<html><script>alert(document.cookie)</script></html>";
        MockHttpServletResponse refused = upload("page.html", "text/html", html.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.getStatus()).as("an HTML upload").isEqualTo(415);
        MockHttpServletResponse disguised = upload("page.png", "image/png", html.getBytes(StandardCharsets.UTF_8));
        assertThat(disguised.getStatus()).as("HTML calling itself a PNG").isEqualTo(415);
        assertThat(jdbc.sql("select count(*) from sandbox_file")
                        .query(Long.class)
                        .single())
                .isZero();

        byte[] png = png();
        assertThat(upload("sports day.png", "image/png", png).getStatus()).isEqualTo(200);
        String id = jdbc.sql("select public_id from sandbox_file")
                .query(String.class)
                .single();
        assertThat(id).hasSizeGreaterThanOrEqualTo(24).doesNotMatch("\\d+");
        MockHttpServletResponse served =
                mvc.perform(get("/sandbox/api/files/" + id)).andReturn().getResponse();
        assertThat(served.getStatus()).isEqualTo(200);
        assertThat(served.getContentType()).isEqualTo("image/png");
        assertThat(served.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(served.getContentAsByteArray())
                .as("re-encoded, not the bytes sent")
                .isNotEqualTo(png);
        assertThat(new String(served.getContentAsByteArray(), StandardCharsets.ISO_8859_1))
                .as("metadata dropped")
                .doesNotContain("GPSLatitude");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(served.getContentAsByteArray()))
                        .getWidth())
                .isEqualTo(40);
        assertThat(mvc.perform(get("/sandbox/api/files/" + id).with(from(REMOTE)))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .as("from the LAN")
                .isEqualTo(404);
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b).andReturn().getResponse().getStatus();
    }

    private int links() {
        return jdbc.sql("select count(*) from login_link").query(Integer.class).single();
    }

    private void sandboxPost(String as, String channel, String text) throws Exception {
        assertThat(status(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/sandbox/api/post")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"as\":\"" + as + "\",\"channel\":\"" + channel + "\",\"text\":\"" + text + "\"}")))
                .isEqualTo(200);
    }

    private MockHttpServletResponse upload(String name, String type, byte[] bytes) throws Exception {
        String body = "{\"as\":\"" + KATE_ON_SLACK + "\",\"channel\":\"" + OAKFIELD_STAFFROOM
                + "\",\"text\":\"look\",\"files\":[{\"name\":\"" + name + "\",\"mimeType\":\"" + type
                + "\",\"base64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}]}";
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/sandbox/api/post")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn()
                .getResponse();
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return withTextChunk(out.toByteArray(), "Comment", "GPSLatitude 51.5074 N, taken at Oakfield");
    }

    /** Inserts a tEXt chunk before IEND, as cameras and editors write location notes. */
    private static byte[] withTextChunk(byte[] png, String key, String value) {
        byte[] data = (key + "\0" + value).getBytes(StandardCharsets.ISO_8859_1);
        byte[] type = "tEXt".getBytes(StandardCharsets.ISO_8859_1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type);
        crc.update(data);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type).put(data).putInt((int) crc.getValue());
        int iend = png.length - 12;
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, iend);
        System.arraycopy(chunk.array(), 0, out, iend, chunk.capacity());
        System.arraycopy(png, iend, out, iend + chunk.capacity(), 12);
        return out;
    }
}
