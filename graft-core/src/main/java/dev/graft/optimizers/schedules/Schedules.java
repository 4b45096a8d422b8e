package dev.graft.optimizers.schedules;

/** Checks shared by the built-in schedules. */
final class Schedules {

    private Schedules() {
    }

    static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("A learning rate schedule needs a step >= 0, received " + step);
        }
    }
}
