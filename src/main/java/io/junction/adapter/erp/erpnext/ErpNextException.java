package io.junction.adapter.erp.erpnext;

/**
 * ERPNext answered with an error, or not at all (status 0). Its reason is the readable part of Frappe's answer: the
 * messages of {@code _server_messages}, else {@code exception}, else {@code message}.
 */
public class ErpNextException extends RuntimeException {

    private final int status;
    private final String excType;

    public ErpNextException(int status, String excType, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.excType = excType;
    }

    public int status() {
        return status;
    }

    public String excType() {
        return excType;
    }

    /** Worth trying again as it is: ERPNext down, overloaded or unreachable (5xx, 429, 408, no answer). */
    public boolean retryable() {
        return status == 0 || status >= 500 || status == 429 || status == 408;
    }

    /** ERPNext refused the credentials: no retry helps until an operator fixes them. */
    public boolean authentication() {
        return status == 401 || status == 403;
    }
}
