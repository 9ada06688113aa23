package org.hubdex.trainer.gate;

/** The quality gate's decision on a candidate version. */
public enum Decision {
    /** No checked metric regressed beyond its tolerance (or there is no current version): publish it. */
    PUBLISH,
    /** A metric regressed beyond its tolerance, or the candidate lacks one: keep the current version. */
    REJECT
}
