// The seed's addTen as a task module for the command line:
//   multitask run apps/cli/examples/add-ten.ts#addTen --range 0:5 --args '[0,1,2,3,4]' --jobs 2
// Form 1: result[i] = addTen(args, i).
export function addTen(args: number[], i: number): number {
  return args[i]! + 10
}
