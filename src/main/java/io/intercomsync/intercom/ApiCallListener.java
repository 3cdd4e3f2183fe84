package io.intercomsync.intercom;

/** Told about every HTTP exchange with Intercom: feeds the run report and metrics. */
public interface ApiCallListener {
    /**
     * @param method     HTTP method
     * @param operation  a stable name such as {@code POST /contacts} (ids replaced by {id})
     * @param status     HTTP status, or 0 when no response arrived
     * @param write      whether the call changes state in Intercom
     */
    void onCall(String method, String operation, int status, boolean write);

    ApiCallListener NONE = (method, operation, status, write) -> { };
}
