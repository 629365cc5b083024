package org.t3d.models.io;

/** Thrown by a strict {@link WeightImporter} when the tensors do not match the model; carries the report. */
public final class WeightImportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient LoadReport report;

    /** @param report the report of the failed import (the model was not changed) */
    public WeightImportException(LoadReport report) {
        super("strict weight import failed, model unchanged: " + report.missing().size() + " missing, "
                + report.unexpected().size() + " unexpected, " + report.mismatched().size()
                + " shape-mismatched tensors" + firstProblem(report) + "\n" + report.toText());
        this.report = report;
    }

    private static String firstProblem(LoadReport r) {
        if (!r.mismatched().isEmpty()) {
            return " (first: " + r.mismatched().get(0) + ")";
        }
        if (!r.missing().isEmpty()) {
            return " (first missing: " + r.missing().get(0) + ")";
        }
        if (!r.unexpected().isEmpty()) {
            return " (first unexpected: " + r.unexpected().get(0) + ")";
        }
        return "";
    }

    /** @return the report */
    public LoadReport report() {
        return report;
    }
}
