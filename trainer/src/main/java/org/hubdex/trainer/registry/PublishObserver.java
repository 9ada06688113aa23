package org.hubdex.trainer.registry;

/** Told of each {@link PublishStep} as {@link ModelRegistry#publish} passes it; a test throws here to simulate a crash. */
@FunctionalInterface
interface PublishObserver {

    PublishObserver NONE = (step, version) -> { };

    void reached(PublishStep step, String version);
}
