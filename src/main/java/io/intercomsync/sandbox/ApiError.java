package io.intercomsync.sandbox;

/** An Intercom error answer: HTTP status plus one error.list entry. */
final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final String field;
    /** A Link header to send with the error (410 for merged contacts), or null. */
    String link;

    ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    ApiError(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "parameter_invalid", message);
    }

    static ApiError contactNotFound() {
        return new ApiError(404, "not_found", "User Not Found");
    }

    static ApiError companyNotFound() {
        return new ApiError(404, "company_not_found", "Company Not Found");
    }

    static ApiError notFound() {
        return new ApiError(404, "not_found", "Resource Not Found");
    }
}
