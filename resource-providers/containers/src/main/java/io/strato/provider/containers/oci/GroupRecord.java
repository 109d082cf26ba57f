package io.strato.provider.containers.oci;

import io.strato.provider.containers.ContainerGroupSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OCI driver keeps on disk about one group ({@code group.json}): the definition it runs, whether it was
 * stopped, its address and each container's run history. Mutable, guarded by the group's lock.
 */
final class GroupRecord {
    public String id;
    public String key;
    public ContainerGroupSpec spec;
    public boolean stopped;
    public String ip;
    public String netnsPath;
    /** The tap device and gateway of a group that runs in a virtual machine. */
    public String tap;
    public String gateway;
    public Map<String, ContainerRecord> containers = new LinkedHashMap<>();
    public List<EventRecord> events = new ArrayList<>();

    /** One container: its runtime id and what happened to it. Times are epoch milliseconds (0 = never). */
    static final class ContainerRecord {
        public String runtimeId;
        public boolean init;
        public String state = "Waiting";
        public long startTime;
        public Integer exitCode;
        public long finishTime;
        public String detail = "";
        public int restartCount;
        public String previousState;
        public long previousStart;
        public Integer previousExitCode;
        public long previousFinish;
        public String previousDetail;
        public List<EventRecord> events = new ArrayList<>();
    }

    static final class EventRecord {
        public String name;
        public String message;
        public String type = "Normal";
        public int count = 1;
        public long first;
        public long last;
    }

    /** Records an event, counting repeats of the same name and message as ACI does. */
    static void event(List<EventRecord> events, String name, String message, String type, long now) {
        for (EventRecord e : events) {
            if (e.name.equals(name) && e.message.equals(message)) {
                e.count++;
                e.last = now;
                return;
            }
        }
        EventRecord e = new EventRecord();
        e.name = name;
        e.message = message;
        e.type = type;
        e.first = now;
        e.last = now;
        events.add(e);
    }
}
