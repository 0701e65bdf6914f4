/**
 * The few globals src-shared may use: present in browsers and in Node (>= 16) alike, but in neither
 * ES lib, and shared code gets no DOM or Node typings on purpose (DESIGN.md).
 */
declare function btoa(data: string): string;
declare function atob(data: string): string;
