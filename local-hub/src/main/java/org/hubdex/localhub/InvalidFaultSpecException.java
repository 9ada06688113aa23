package org.hubdex.localhub;

/** A fault specification (CLI {@code --faults}, {@code HUBDEX_HUB_FAULTS}, {@code PUT /admin/faults}) does not parse; the message quotes the bad entry and the expected form. */
public class InvalidFaultSpecException extends LocalHubException {
    private static final long serialVersionUID = 1L;

    public InvalidFaultSpecException(String message) {
        super(message);
    }
}
