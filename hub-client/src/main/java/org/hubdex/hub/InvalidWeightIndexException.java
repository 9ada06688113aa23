package org.hubdex.hub;

import java.net.URI;

/** A repository's weight index ({@code model.safetensors.index.json} or the diffusers one) is unusable: not JSON of the documented shape, or a shard name that does not follow the shard pattern or tries to leave the repository ({@code ..}, a leading {@code /}, {@code ://}). */
public class InvalidWeightIndexException extends HubException {
    private static final long serialVersionUID = 1L;

    public InvalidWeightIndexException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}
