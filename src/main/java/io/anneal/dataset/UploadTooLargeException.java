package io.anneal.dataset;

/** An upload over {@code anneal.web.max-upload-bytes}, caught here when the container did not stop it first. */
public class UploadTooLargeException extends RuntimeException {

    UploadTooLargeException(long bytes, long limit) {
        super("The upload is " + bytes + " bytes, larger than " + limit + " bytes.");
    }
}
