package io.intercomsync.singer;

import java.util.function.Supplier;

/** The bean {@code direct:target-call} runs: one call, so that the route's redelivery can repeat it. */
public final class TargetCalls {
    public Object run(Supplier<?> call) {
        return call.get();
    }
}
