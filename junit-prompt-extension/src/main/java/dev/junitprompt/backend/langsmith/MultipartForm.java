package dev.junitprompt.backend.langsmith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * A {@code multipart/form-data} body of JSON parts as LangSmith's SDK sends {@code /runs/multipart}: each part with
 * its name, {@code Content-Type: application/json} and {@code Content-Length}. Written here because OkHttp's
 * {@code MultipartBody} refuses a part's {@code Content-Length} header.
 */
final class MultipartForm {

    private final String boundary = UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int parts;

    /** Adds the part {@code name} holding {@code json}. */
    MultipartForm add(String name, byte[] json) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n");
        bytes.writeBytes(json);
        write("\r\n");
        parts++;
        return this;
    }

    boolean isEmpty() {
        return parts == 0;
    }

    /** The body; repeatable, so retries can send it again. */
    RequestBody build() {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(bytes.toByteArray());
        whole.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return RequestBody.create(whole.toByteArray(), MediaType.get("multipart/form-data; boundary=" + boundary));
    }

    private void write(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
