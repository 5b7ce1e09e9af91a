package io.anneal.training.internal.data;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Says in plain words why a dataset could not be read or fetched; never a Java type name. */
final class DatasetProblems {

    private DatasetProblems() {
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof UnknownHostException) {
            return "the host " + message + " is unknown (no network or no DNS)";
        }
        if (failure instanceof ConnectException) {
            return "the connection was refused or the network is unreachable";
        }
        if (failure instanceof HttpTimeoutException) {
            return "the server did not answer in time";
        }
        if (failure instanceof NoSuchFileException) {
            return "the file " + message + " does not exist";
        }
        if (failure instanceof AccessDeniedException) {
            return "the file " + message + " cannot be read (permission denied)";
        }
        if (failure instanceof FileNotFoundException) {
            return "a file is missing: " + message;
        }
        if (message != null && !message.isBlank()) {
            return message;
        }
        return failure.getCause() != null ? describe(failure.getCause()) : "an unexplained input/output error";
    }
}
