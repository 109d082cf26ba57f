package io.strato.template.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dependency graph over nodes 0..n-1 (in declaration order). Hard edges (dependsOn, reference(), list*, serial
 * batches) must hold; soft edges (resourceId() to a declared resource, child to parent) are kept only when they do not
 * close a cycle, since Azure itself does not order on them.
 */
public final class DependencyGraph {
    private final int size;
    private final List<Set<Integer>> edges = new ArrayList<>();

    public DependencyGraph(int size) {
        this.size = size;
        for (int i = 0; i < size; i++) edges.add(new LinkedHashSet<>());
    }

    /** {@code from} waits for {@code to}. Self edges are ignored. */
    public void addHard(int from, int to) {
        if (from != to) edges.get(from).add(to);
    }

    /** Adds the edge unless {@code to} already (transitively) waits for {@code from}. Returns whether it was added. */
    public boolean addSoft(int from, int to) {
        if (from == to || edges.get(from).contains(to) || reaches(to, from)) return false;
        edges.get(from).add(to);
        return true;
    }

    public Set<Integer> dependencies(int node) { return edges.get(node); }

    private boolean reaches(int start, int target) {
        boolean[] seen = new boolean[size];
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            int n = stack.pop();
            if (n == target) return true;
            if (seen[n]) continue;
            seen[n] = true;
            for (int m : edges.get(n)) if (!seen[m]) stack.push(m);
        }
        return false;
    }

    /** A cycle as the list of nodes {@code a, b, ..., a}, if there is one. */
    public Optional<List<Integer>> findCycle() {
        int[] state = new int[size]; // 0 new, 1 on stack, 2 done
        Deque<Integer> path = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            if (state[i] == 0) {
                List<Integer> c = dfs(i, state, path);
                if (c != null) return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private List<Integer> dfs(int n, int[] state, Deque<Integer> path) {
        // iterative to survive 800-node chains without deep recursion
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {n, 0});
        state[n] = 1;
        path.addLast(n);
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            List<Integer> next = new ArrayList<>(edges.get(top[0]));
            if (top[1] < next.size()) {
                int m = next.get(top[1]++);
                if (state[m] == 1) {
                    List<Integer> cycle = new ArrayList<>();
                    boolean in = false;
                    for (int p : path) {
                        if (p == m) in = true;
                        if (in) cycle.add(p);
                    }
                    cycle.add(m);
                    return cycle;
                }
                if (state[m] == 0) {
                    state[m] = 1;
                    path.addLast(m);
                    stack.push(new int[] {m, 0});
                }
            } else {
                state[top[0]] = 2;
                path.removeLast();
                stack.pop();
            }
        }
        return null;
    }

    /** Topological layers: a node's wave is one more than its deepest dependency's. Requires an acyclic graph. */
    public List<List<Integer>> waves() {
        int[] level = new int[size];
        boolean[] done = new boolean[size];
        int max = -1;
        for (int i = 0; i < size; i++) max = Math.max(max, level(i, level, done, 0));
        List<List<Integer>> out = new ArrayList<>();
        for (int w = 0; w <= max; w++) out.add(new ArrayList<>());
        for (int i = 0; i < size; i++) out.get(level[i]).add(i);
        return out;
    }

    private int level(int n, int[] level, boolean[] done, int depth) {
        if (done[n]) return level[n];
        if (depth > size) throw new IllegalStateException("cycle");
        int l = 0;
        for (int m : edges.get(n)) l = Math.max(l, level(m, level, done, depth + 1) + 1);
        level[n] = l;
        done[n] = true;
        return l;
    }
}
