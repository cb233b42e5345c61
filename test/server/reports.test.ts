/** Rep1 over HTTP, computed from the stored journals of a class; who may read it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, periodMarksMap, readMeta, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { ClassPeriodReport } from "../../shared/reports.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => stopServer(server));

describe("class period report (Rep1)", () => {
  it("Rep1: period marks and absences entered by teachers show in the class teacher's report; others are refused", async () => {
    const ivanova = await signIn(server.url, "ivanova");
    const profile = await me(server.url, ivanova);
    const math = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
    const doc = openDoc(server.url, ivanova, math.docName);
    await doc.synced();
    const [s1, s2] = readRoster(doc.doc);
    const q2 = readMeta(doc.doc)!.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!;
    const today = lessonOn(doc.doc, TEST_TODAY)!;
    doc.doc.transact(() => {
      periodMarksMap(doc.doc).set(cellKey(s1!.id, q2.id), { value: "5", at: server.now(), by: profile.user.id });
      periodMarksMap(doc.doc).set(cellKey(s2!.id, q2.id), { value: "2", at: server.now(), by: profile.user.id });
      cellsMap(doc.doc).set(cellKey(s1!.id, today.id), entry("Н", profile.user.id, server.now()));
    }, ORIGIN.local);
    await until(() => doc.notices.length === 0 && periodMarksMap(doc.doc).size === 2, "stored");
    await new Promise((r) => setTimeout(r, 200));
    doc.destroy();

    const classId = profile.user.classTeacherOf[0]!;
    const res = await call(server.url, ivanova, "GET", `/api/reports/class?classId=${classId}&periodId=${q2.id}`);
    expect(res.status).toBe(200);
    const body = res.body as { marks: ClassPeriodReport; attendance: Array<{ studentId: string; total: { Н: number } }> };
    expect(body.marks.counts).toEqual({ "5": 1, "4": 0, "3": 0, "2": 1 });
    expect(body.marks.qualityPercent).toBe(50);
    expect(body.marks.successPercent).toBe(50);
    expect(body.marks.atRisk).toEqual([{ studentId: s2!.id, subjects: ["Математика"] }]);
    expect(body.attendance.find((a) => a.studentId === s1!.id)!.total.Н).toBe(1);

    expect((await call(server.url, await signIn(server.url, "director"), "GET", `/api/reports/class?classId=${classId}&periodId=${q2.id}`)).status).toBe(200);
    expect((await call(server.url, await signIn(server.url, "smirnova"), "GET", `/api/reports/class?classId=${classId}&periodId=${q2.id}`)).status).toBe(403);
    expect((await call(server.url, await signIn(server.url, "parent.alekseeva"), "GET", `/api/reports/class?classId=${classId}&periodId=${q2.id}`)).status).toBe(403);
  });
});
