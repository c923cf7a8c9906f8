package org.staffroom.testing.discord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough multipart/form-data parsing for JDA uploads: a {@code payload_json} part and {@code files[n]}. */
final class Multipart {

    record Part(String name, String filename, String contentType, byte[] data) {}

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private Multipart() {}

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return List.of();
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so indexes in the string are indexes in the body.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        List<Part> parts = new ArrayList<>();
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int headersStart = text.indexOf("\r\n", start) + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf("\r\n" + delimiter, headersEnd);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = text.substring(headersStart, headersEnd);
            byte[] data = new byte[next - (headersEnd + 4)];
            System.arraycopy(body, headersEnd + 4, data, 0, data.length);
            parts.add(new Part(find(NAME, headers), find(FILENAME, headers), contentTypeOf(headers), data));
            pos = next + 2;
        }
        return parts;
    }

    private static String find(Pattern pattern, String headers) {
        Matcher m = pattern.matcher(headers);
        return m.find() ? m.group(1) : null;
    }

    private static String contentTypeOf(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                return line.substring("content-type:".length()).trim();
            }
        }
        return null;
    }
}
